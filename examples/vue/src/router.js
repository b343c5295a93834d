import { createRouter, createWebHistory } from 'vue-router';
import Home from './pages/Home.vue';
import UserPage from './pages/UserPage.vue';
import Settings from './pages/Settings.vue';

// Transactions are named by the route's name ('user'), or by its path pattern ('/settings')
// when it has none.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: Home },
    { path: '/users/:id', name: 'user', component: UserPage },
    { path: '/settings', component: Settings },
  ],
});
