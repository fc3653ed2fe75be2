import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import AdminHome from './admin/AdminHome.vue';
import RunShowPage from './admin/RunShowPage.vue';
import HomePage from './pages/HomePage.vue';
import JudgePage from './judge/JudgePage.vue';
import ScreenPage from './screen/ScreenPage.vue';

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: HomePage },
    { path: '/admin', component: AdminHome },
    { path: '/admin/events/:eventId', component: RunShowPage, props: true },
    { path: '/judge/:token', component: JudgePage, props: true },
    { path: '/screen/:code', component: ScreenPage, props: true },
  ],
});

createApp(App).use(i18n).use(router).mount('#app');
